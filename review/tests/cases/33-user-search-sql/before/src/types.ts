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
