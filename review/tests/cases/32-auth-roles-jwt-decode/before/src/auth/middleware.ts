import type { NextFunction, Request, Response } from 'express';
import jwt, { type JwtPayload, TokenExpiredError } from 'jsonwebtoken';
import { config } from '../config';

export interface AuthUser {
  id: string;
  email: string;
  roles: string[];
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthUser;
  }
}

function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) return undefined;
  return header.slice('Bearer '.length).trim() || undefined;
}

function toUser(payload: JwtPayload): AuthUser | undefined {
  if (typeof payload.sub !== 'string' || typeof payload.email !== 'string') return undefined;
  const roles = Array.isArray(payload.roles)
    ? payload.roles.filter((role): role is string => typeof role === 'string')
    : [];
  return { id: payload.sub, email: payload.email, roles };
}

export function authenticate(req: Request, res: Response, next: NextFunction): void {
  const token = bearerToken(req);
  if (!token) {
    res.status(401).json({ error: 'missing bearer token' });
    return;
  }
  try {
    const payload = jwt.verify(token, config.jwtPublicKey, {
      algorithms: ['RS256'],
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
    });
    const user = typeof payload === 'string' ? undefined : toUser(payload);
    if (!user) {
      res.status(401).json({ error: 'invalid token claims' });
      return;
    }
    req.user = user;
    next();
  } catch (err) {
    const message = err instanceof TokenExpiredError ? 'token expired' : 'invalid token';
    res.status(401).json({ error: message });
  }
}
