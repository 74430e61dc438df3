import { Router } from 'express';
import { authenticate } from '../auth/middleware';
import { reportService } from '../services/reports';

export const reportsRouter = Router();

reportsRouter.use(authenticate);

reportsRouter.get('/revenue', async (req, res, next) => {
  try {
    const from = new Date(String(req.query.from ?? ''));
    const to = new Date(String(req.query.to ?? ''));
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from > to) {
      res.status(400).json({ error: 'from and to must be ISO dates with from <= to' });
      return;
    }
    res.json(await reportService.revenue(from, to));
  } catch (err) {
    next(err);
  }
});
