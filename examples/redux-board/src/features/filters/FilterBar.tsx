import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { filtersReset, shown, type Show } from './filtersSlice';

const CHOICES: Show[] = ['all', 'active', 'done'];

const FilterBar = () => {
  const dispatch = useAppDispatch();
  const show = useAppSelector((state) => state.filters.show);
  return (
    <nav>
      {CHOICES.map((choice) => (
        <button type="button" key={choice} id={`show-${choice}`} onClick={() => dispatch(shown(choice))}>
          {choice}
        </button>
      ))}{' '}
      showing <b id="show">{show}</b>{' '}
      <button type="button" id="reset-filters" onClick={() => dispatch(filtersReset())}>
        Reset
      </button>
    </nav>
  );
};

export default FilterBar;
