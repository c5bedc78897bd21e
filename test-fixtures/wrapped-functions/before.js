import { asyncHandler, memo } from './wrappers.mjs';

export const getUser = asyncHandler(async (req, res) => {
  res.json({ id: req.params.id, v: 1 });
});
export const Button = memo(function Button(props) {
  return `<button>${props.label}</button>`;
});
