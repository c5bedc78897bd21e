// A top-level module whose top level calls its own functions while it loads (bootstrap(), a forEach callback):
// its glue notes them, and an edit of one runs the top level again (docs/protocol.md §6). Each function's body
// hash goes with its registry name; a declaration after the statements and object-literal methods keep order.
const list = document.querySelector('#list');
const view = {
  item(text) {
    return `<li>${text}</li>`;
  },
  empty: () => '<li>none</li>',
};

bootstrap();
['a', 'b'].forEach(renderItem);
document.querySelector('#add').addEventListener('click', () => renderItem('new'));

function renderItem(text) {
  list.insertAdjacentHTML('beforeend', view.item(text));
}

function bootstrap() {
  list.innerHTML = view.empty();
}
