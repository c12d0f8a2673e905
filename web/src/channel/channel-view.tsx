export function ChannelView() {
  return <h1>ChannelView</h1>;
}
