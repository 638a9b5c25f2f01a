// Toasts, bottom-right and merged: the same news again (five kicks) updates one toast with a
// count instead of stacking six. An undo toast carries its button for 10 s. Every toast is also
// read out through the page's live region (stores/announcer).
import { h } from 'vue';
import { NButton, useMessage, type MessageReactive } from 'naive-ui';
import { t } from '../i18n';
import { useAnnouncerStore } from '../stores/announcer';

type Kind = 'success' | 'info' | 'warning' | 'error';

export interface ToastOptions {
  /** Toasts with the same key merge; defaults to the text. */
  key?: string;
  duration?: number;
  /** Offer "Undo" for the toast's lifetime. */
  undo?: () => void | Promise<void>;
  testid?: string;
}

export const UNDO_MS = 10_000;
const open = new Map<string, { toast: MessageReactive; count: number }>();

export function useToasts() {
  const message = useMessage();
  const announcer = useAnnouncerStore();

  function content(text: string, count: number, options: ToastOptions, close: () => void) {
    const label = count > 1 ? `${text} (×${count})` : text;
    return () =>
      h('span', { class: 'toast', 'data-testid': options.testid ?? 'toast' }, [
        label,
        options.undo
          ? h(
              NButton,
              {
                size: 'tiny',
                secondary: true,
                style: 'margin-left:10px',
                'data-testid': 'toast-undo',
                onClick: () => {
                  close();
                  void options.undo?.();
                },
              },
              () => t('common.undo'),
            )
          : null,
      ]);
  }

  function show(kind: Kind, text: string, options: ToastOptions = {}): void {
    const key = options.key ?? `${kind}:${text}`;
    const duration = options.duration ?? (options.undo ? UNDO_MS : 5000);
    announcer.say(text);
    const known = open.get(key);
    const close = () => {
      open.get(key)?.toast.destroy();
      open.delete(key);
    };
    if (known) {
      known.count += 1;
      known.toast.content = content(text, known.count, options, close);
      known.toast.duration = duration;
      return;
    }
    const toast = message.create(content(text, 1, options, close), {
      type: kind,
      duration,
      keepAliveOnHover: true,
      onLeave: () => open.delete(key),
    });
    open.set(key, { toast, count: 1 });
  }

  return {
    success: (text: string, options?: ToastOptions) => show('success', text, options),
    info: (text: string, options?: ToastOptions) => show('info', text, options),
    warning: (text: string, options?: ToastOptions) => show('warning', text, options),
    error: (text: string, options?: ToastOptions) => show('error', text, options),
  };
}
