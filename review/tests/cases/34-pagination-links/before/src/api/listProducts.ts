import type { Request, Response, NextFunction } from 'express';
import { paginate, parsePageParams } from '../pagination';
import { productCatalog } from '../catalog';

export async function listProducts(req: Request, res: Response, next: NextFunction): Promise<void> {
  try {
    const { page, pageSize } = parsePageParams(req.query);
    const products = await productCatalog.visibleProducts({ category: req.query.category as string | undefined });
    const result = paginate(products, page, pageSize);
    res.setHeader('X-Total-Count', String(result.totalItems));
    res.json(result);
  } catch (err) {
    next(err);
  }
}
