export default function Header() {
  return <h1 id="title">Block stacker</h1>;
}
