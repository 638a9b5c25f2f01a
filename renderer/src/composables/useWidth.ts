// The width of an element, followed as it changes (columns of the board depend on it).
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

export function useWidth(element: Ref<HTMLElement | null>) {
  const width = ref(window.innerWidth);
  let observer: ResizeObserver | null = null;
  onMounted(() => {
    if (!element.value) return;
    width.value = element.value.clientWidth;
    observer = new ResizeObserver(([entry]) => {
      if (entry) width.value = entry.contentRect.width;
    });
    observer.observe(element.value);
  });
  onBeforeUnmount(() => observer?.disconnect());
  return width;
}
