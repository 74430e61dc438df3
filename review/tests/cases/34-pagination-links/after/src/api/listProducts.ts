import type { Request, Response, NextFunction } from 'express';
import { pageLinks, paginate, parsePageParams } from '../pagination';
import { productCatalog } from '../catalog';

export async function listProducts(req: Request, res: Response, next: NextFunction): Promise<void> {
  try {
    const { page, pageSize } = parsePageParams(req.query);
    const products = await productCatalog.visibleProducts({ category: req.query.category as string | undefined });
    const result = paginate(products, page, pageSize);
    res.setHeader('X-Total-Count', String(result.totalItems));
    res.setHeader('Link', pageLinks(new URL(req.originalUrl, `${req.protocol}://${req.get('host')}`), result));
    res.json(result);
  } catch (err) {
    next(err);
  }
}
