// "/" focuses the view's search field (any element marked data-slash-focus), as in most consoles,
// unless the operator is typing somewhere already.
import { onBeforeUnmount, onMounted } from 'vue';

export function useSlashFocus(): void {
  function onKey(event: KeyboardEvent): void {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
    const field = document.querySelector<HTMLElement>('[data-slash-focus] input, input[data-slash-focus]');
    if (!field) return;
    event.preventDefault();
    field.focus();
  }
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}
