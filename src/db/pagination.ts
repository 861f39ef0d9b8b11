import type { Model, QueryFilter } from 'mongoose';

export interface PageRequest {
  limit: number;
  offset: number;
}

/** The one list shape every admin endpoint returns. */
export interface Page<T> {
  data: T[];
  total: number;
  limit: number;
  offset: number;
}

/** Offset pagination in a stable order (_id ascending), counting the whole filtered set. */
export async function paginate<D, T>(
  model: Model<D>,
  filter: QueryFilter<D>,
  page: PageRequest,
  toDto: (doc: D) => T,
): Promise<Page<T>> {
  const [docs, total] = await Promise.all([
    model.find(filter).sort({ _id: 1 }).skip(page.offset).limit(page.limit).lean<D[]>(),
    model.countDocuments(filter),
  ]);
  return { data: docs.map(toDto), total, limit: page.limit, offset: page.offset };
}
