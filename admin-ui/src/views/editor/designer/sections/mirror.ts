import { ref, watch, type Ref } from 'vue';

/**
 * A table mirroring one part of the document: rebuilt when that part changes from outside (the JSON view, a
 * reload), written back when the table is edited. A rebuild is not written back, so typing in the JSON view is
 * never reformatted under the cursor.
 */
export function useMirror<R>(read: () => unknown, parse: (v: unknown) => R, write: (rows: R) => void): Ref<R> {
  const rows = ref(parse(read())) as Ref<R>;
  let own = JSON.stringify(read());
  let parsed = JSON.stringify(rows.value);
  watch(
    () => JSON.stringify(read()),
    (json) => {
      if (json === own) return;
      own = json;
      rows.value = parse(read());
      parsed = JSON.stringify(rows.value);
    },
  );
  watch(
    rows,
    (r) => {
      const now = JSON.stringify(r);
      if (now === parsed) return;
      parsed = now;
      write(r);
      own = JSON.stringify(read());
    },
    { deep: true },
  );
  return rows;
}

export function move<T>(list: T[], i: number, d: -1 | 1): void {
  const j = i + d;
  if (j < 0 || j >= list.length) return;
  const [x] = list.splice(i, 1);
  list.splice(j, 0, x);
}
