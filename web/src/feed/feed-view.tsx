export function FeedView() {
  return <h1>FeedView</h1>;
}
