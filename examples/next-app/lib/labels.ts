// Labels the components render, as apps keep small formatting helpers in one module.
export function incidentsLabel(count: number): string {
  return `${count} open`;
}
