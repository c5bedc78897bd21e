// Imported by main.ts for what its top level does: it builds its part of the page once, when the page loads.
// bootstrap() and the forEach callback run only then: an edit of either takes a reload to show.
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

bootstrap();
fruits.forEach(renderFruit);
