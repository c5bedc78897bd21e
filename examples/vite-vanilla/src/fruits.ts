// Imported by main.ts for what its top level does: it builds its part of the page once, when the page loads.
// bootstrap(), the forEach callback and the DOMContentLoaded listener run only then: an edit of any takes a reload to show.
const list = document.querySelector<HTMLUListElement>('#fruits')!;
const fruits = ['apple', 'pear'];

function renderFruit(fruit: string): void {
  const item = document.createElement('li');
  item.textContent = fruit;
  list.append(item);
}

function bootstrap(): void {
  document.querySelector('#fruits-title')!.textContent = 'Fruits';
}

// Once the document is parsed (after the module scripts have run): a listener of the page's start, run once.
function describeList(): void {
  list.title = `${fruits.length} fruits`;
}

bootstrap();
fruits.forEach(renderFruit);
document.addEventListener('DOMContentLoaded', describeList);
