/** @jsx h */
const h = (type, props, ...children) => ({ type, props: props ?? {}, children });
export function Greeting({ name }) {
  return <h1 className="greeting">Welcome, {name}</h1>;
}
export const App = () => <Greeting name="Ada" />;
