export default function Home() {
  return <h1>DotShop</h1>;
}
