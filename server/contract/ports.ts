// The listeners' default ports. A module of its own, importing nothing, because the dashboard's
// Vite config reads the admin port from it, and Vite's native config loader takes only imports
// with their file extension.

export const DEFAULT_CALLBACK_PORT = 9900;
export const DEFAULT_ADMIN_PORT = 9901;
