// Who is using the app and what they may do, from GET /auth/me.
//
//   signed-in   a user with a token (jwt or api key)
//   anonymous   no token, but the server lets anonymous people read (auth.anonymous_role): the app
//               works read-only and offers to log in
//   signed-out  no token and the server wants one: every page shows the login form
//   open        the server has no auth routes (404): an older or development build; nothing to sign
//               in to, everything is allowed and the server decides
//   error       the server could not be reached
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, type ApiClient } from '../api/client';
import { ApiContext } from '../api/context';
import { ApiError } from '../api/errors';
import type { Me, Permission, Role } from '../api/schema';

export type SessionState = 'loading' | 'signed-in' | 'anonymous' | 'signed-out' | 'open' | 'error';

export type Action = 'read' | 'write' | 'admin';

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };
const NEEDS: Record<Action, number> = { read: 0, write: 1, admin: 2 };
// The server's permission names for each kind of action (GET /auth/me lists the caller's).
const PERMISSION: Record<Action, Permission> = { read: 'datasets.read', write: 'datasets.write', admin: 'admin' };

export interface Session {
  state: SessionState;
  me: Me | null;
  error: unknown;
  /** Whether the current user may do this kind of thing (the server has the last word). */
  can(action: Action): boolean;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  reload(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function roleAllows(role: Role | undefined, action: Action): boolean {
  return RANK[role ?? 'viewer'] >= NEEDS[action];
}

/** From the caller's permissions when the server lists them, else from the role. */
export function meAllows(me: Me | null, action: Action): boolean {
  if (me?.permissions) return me.permissions.includes(PERMISSION[action]);
  return roleAllows(me?.role, action);
}

export function SessionProvider({ children, client = api }: { children: ReactNode; client?: ApiClient }) {
  const [state, setState] = useState<SessionState>('loading');
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<unknown>(null);

  const reload = useCallback(async () => {
    try {
      const who = await client.me();
      setMe(who);
      setError(null);
      setState(who.auth === 'anonymous' ? 'anonymous' : 'signed-in');
    } catch (e) {
      setMe(null);
      if (e instanceof ApiError && e.status === 401) {
        setState('signed-out');
        setError(null);
      } else if (e instanceof ApiError && e.status === 404) {
        setState('open');
        setError(null);
      } else {
        setState('error');
        setError(e);
      }
    }
  }, [client]);

  useEffect(() => {
    void reload();
    return client.onSessionChange((signedIn) => {
      if (!signedIn) void reload();
    });
  }, [client, reload]);

  const login = useCallback(
    async (username: string, password: string) => {
      await client.login({ username, password });
      await reload();
    },
    [client, reload],
  );

  const logout = useCallback(async () => {
    try {
      await client.logout();
    } finally {
      await reload();
    }
  }, [client, reload]);

  const value = useMemo<Session>(
    () => ({
      state,
      me,
      error,
      can: (action) => (state === 'open' ? true : state === 'signed-out' ? false : meAllows(me, action)),
      login,
      logout,
      reload,
    }),
    [state, me, error, login, logout, reload],
  );
  return (
    <ApiContext.Provider value={client}>
      <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
    </ApiContext.Provider>
  );
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
