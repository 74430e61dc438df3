export type Role = 'admin' | 'editor' | 'viewer';

export const ROLES: readonly Role[] = ['admin', 'editor', 'viewer'];

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
  lastLoginAt: Date | null;
}

export interface NewUser {
  email: string;
  name: string;
  role?: Role;
}

export type UserSortKey = 'name' | 'email' | 'created_at' | 'last_login_at';

export interface UserFilter {
  /** Case-insensitive substring of the name. */
  name?: string;
  role?: Role;
  sort?: UserSortKey;
  limit?: number;
}
