// naive-ui sorts when its header cell is clicked but the cell takes no focus: the title is a
// focusable button-like span, so Tab reaches it and Enter or Space sorts.
import { h } from 'vue';

export function sortableTitle(text: string) {
  return () =>
    h(
      'span',
      {
        role: 'button',
        tabindex: 0,
        class: 'sort-title',
        onKeydown: (event: KeyboardEvent) => {
          if (event.key !== 'Enter' && event.key !== ' ') return;
          event.preventDefault();
          (event.currentTarget as HTMLElement).click();
        },
      },
      text,
    );
}
