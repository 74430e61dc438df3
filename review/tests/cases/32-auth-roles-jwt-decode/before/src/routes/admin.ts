import { Router } from 'express';
import { authenticate } from '../auth/middleware';
import { auditLog } from '../audit';
import { userStore } from '../stores/users';

export const adminRouter = Router();

adminRouter.use(authenticate);

adminRouter.get('/users', async (req, res, next) => {
  try {
    const users = await userStore.list({ limit: 200 });
    res.json({ users });
  } catch (err) {
    next(err);
  }
});

adminRouter.post('/users/:id/disable', async (req, res, next) => {
  try {
    await userStore.disable(req.params.id);
    await auditLog.record({ actor: req.user!.id, action: 'user.disable', target: req.params.id });
    res.status(204).end();
  } catch (err) {
    next(err);
  }
});
