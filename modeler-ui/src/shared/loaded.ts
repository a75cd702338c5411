import { ref, type Ref } from 'vue';
import { messageOf } from './errors';

/**
 * A page's data read from the API: the data, whether it is being read, the error in the user's language, and
 * `load` to read it (again). The page calls `load` when it mounts and after each change it makes.
 */
export function useLoaded<T>(read: () => Promise<T>, initial: T) {
  const data = ref(initial) as Ref<T>;
  const loading = ref(true);
  const error = ref('');
  async function load(): Promise<void> {
    loading.value = true;
    try {
      data.value = await read();
      error.value = '';
    } catch (err) {
      error.value = messageOf(err);
    } finally {
      loading.value = false;
    }
  }
  return { data, loading, error, load };
}
