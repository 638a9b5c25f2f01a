// naive-ui types row and input attributes as HTMLAttributes, which has no `data-*` keys;
// this passes test ids and data attributes through with one checked cast.
import type { HTMLAttributes, InputHTMLAttributes } from 'vue';

export function dataAttrs(attrs: Record<`data-${string}` | `aria-${string}`, string>): HTMLAttributes & InputHTMLAttributes {
  return attrs as HTMLAttributes & InputHTMLAttributes;
}
