export function MapView() {
  return <h1>MapView</h1>;
}
