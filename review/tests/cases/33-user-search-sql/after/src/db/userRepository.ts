import type { Pool } from 'pg';
import type { NewUser, Role, User, UserFilter } from '../types';

const COLUMNS = 'id, email, name, role, created_at, last_login_at';

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  created_at: Date;
  last_login_at: Date | null;
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

export class UserRepository {
  constructor(private readonly pool: Pool) {}

  async findById(id: string): Promise<User | null> {
    const { rows } = await this.pool.query<UserRow>(
      `SELECT ${COLUMNS} FROM users WHERE id = $1 AND deleted_at IS NULL`,
      [id],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const { rows } = await this.pool.query<UserRow>(
      `SELECT ${COLUMNS} FROM users WHERE lower(email) = lower($1) AND deleted_at IS NULL`,
      [email],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  async list(limit: number, offset: number): Promise<User[]> {
    const { rows } = await this.pool.query<UserRow>(
      `SELECT ${COLUMNS} FROM users WHERE deleted_at IS NULL ORDER BY created_at DESC LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return rows.map(toUser);
  }

  async search(filter: UserFilter): Promise<User[]> {
    const where = ['deleted_at IS NULL'];
    if (filter.name) {
      where.push(`name ILIKE '%${filter.name}%'`);
    }
    if (filter.role) {
      where.push(`role = '${filter.role}'`);
    }
    const sql =
      `SELECT ${COLUMNS} FROM users WHERE ${where.join(' AND ')} ` +
      `ORDER BY ${filter.sort ?? 'created_at'} LIMIT ${filter.limit ?? 50}`;
    const { rows } = await this.pool.query<UserRow>(sql);
    return rows.map(toUser);
  }

  async create(user: NewUser): Promise<User> {
    const { rows } = await this.pool.query<UserRow>(
      `INSERT INTO users (email, name, role) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
      [user.email, user.name, user.role ?? 'viewer'],
    );
    return toUser(rows[0]);
  }
}
