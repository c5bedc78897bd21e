/** @jsx h */
const h = (type, props, ...children) => ({ type, props: props ?? {}, children });
export function Greeting({ name }) {
  return <p className="greeting">Hello {name}</p>;
}
export const App = () => <Greeting name="Ada" />;
