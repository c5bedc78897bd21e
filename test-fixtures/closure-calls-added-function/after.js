// A repository made once by a plugin at start-up: its methods are closures over the rows.
function byDueDate(a, b) {
  return a.due - b.due;
}

export function createRepository(rows) {
  return {
    paginate(limit) {
      const sorted = [...rows].sort(byDueDate);
      return sorted.slice(0, limit).map(function title(row) {
        return `${row.title} (${row.due})`;
      });
    },
  };
}
