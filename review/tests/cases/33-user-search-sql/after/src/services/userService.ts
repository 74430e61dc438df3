import type { UserRepository } from '../db/userRepository';
import type { NewUser, Role, User, UserFilter, UserSortKey } from '../types';
import { ROLES } from '../types';

export class ValidationError extends Error {
  readonly status = 400;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class UserService {
  constructor(private readonly users: UserRepository) {}

  async register(input: NewUser): Promise<User> {
    if (!EMAIL_RE.test(input.email)) {
      throw new ValidationError('invalid e-mail address');
    }
    if (input.role && !ROLES.includes(input.role)) {
      throw new ValidationError(`unknown role ${input.role}`);
    }
    if (await this.users.findByEmail(input.email)) {
      throw new ValidationError('a user with this e-mail already exists');
    }
    return this.users.create({ ...input, name: input.name.trim() });
  }

  async page(page: number, pageSize = 50): Promise<User[]> {
    return this.users.list(pageSize, (page - 1) * pageSize);
  }

  /** Search from the admin UI's query string: ?q=ann&role=editor&sort=name */
  async search(query: Record<string, string | undefined>): Promise<User[]> {
    const filter: UserFilter = {
      name: query.q?.trim() || undefined,
      role: query.role as Role | undefined,
      sort: query.sort as UserSortKey | undefined,
      limit: query.limit ? Math.min(Number(query.limit), 200) : undefined,
    };
    return this.users.search(filter);
  }
}
