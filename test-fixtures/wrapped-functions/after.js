import { asyncHandler, memo } from './wrappers.mjs';

export const getUser = asyncHandler(async (req, res) => {
  res.json({ id: req.params.id, v: 2 });
});
export const Button = memo(function Button(props) {
  return `<button class="primary">${props.label}</button>`;
});
