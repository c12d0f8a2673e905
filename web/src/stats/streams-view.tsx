export function StreamsView() {
  return <h1>StreamsView</h1>;
}
