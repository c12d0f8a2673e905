export function TrackerView() {
  return <h1>TrackerView</h1>;
}
