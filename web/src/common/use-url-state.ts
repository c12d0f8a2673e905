import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { type ParamSpecs, type ParamValues, readParams, writeParams } from './url-state';

/**
 * The view's state from the URL, and a setter that writes it back. `replace` (typing in a search box)
 * changes the URL without a new history entry; other changes can be walked back with the browser's Back.
 */
export function useUrlState<S extends ParamSpecs>(
  specs: S,
): [ParamValues<S>, (patch: Partial<ParamValues<S>>, options?: { replace?: boolean }) => void] {
  const [search, setSearch] = useSearchParams();
  const values = useMemo(() => readParams(search, specs), [search, specs]);
  const update = useCallback(
    (patch: Partial<ParamValues<S>>, options?: { replace?: boolean }) =>
      setSearch((current) => writeParams(current, specs, patch), { replace: options?.replace ?? false }),
    [setSearch, specs],
  );
  return [values, update];
}
