import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

/** The channel panel's path; `search` ("?range=1h") carries a range along. */
export function channelPath(login: string, search = ''): string {
  return `/channels/${encodeURIComponent(login)}${search}`;
}

/** A link to a channel's panel, showing its login unless told otherwise. */
export function ChannelLink({
  login,
  search,
  children,
}: {
  login: string;
  search?: string;
  children?: ReactNode;
}) {
  return <Link to={channelPath(login, search)}>{children ?? login}</Link>;
}
