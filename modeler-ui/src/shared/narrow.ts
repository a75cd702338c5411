import { onBeforeUnmount, ref } from 'vue';

/** True on a phone-sized screen (the shell's own breakpoint), where pages show cards instead of wide tables. */
export function useNarrow(maxWidth = 768) {
  const query = window.matchMedia(`(max-width: ${maxWidth}px)`);
  const narrow = ref(query.matches);
  const update = () => { narrow.value = query.matches; };
  query.addEventListener('change', update);
  onBeforeUnmount(() => query.removeEventListener('change', update));
  return narrow;
}
