export function StatsView() {
  return <h1>StatsView</h1>;
}
