// Wraps every successful answer as { data, meta }.
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { type Observable, map } from 'rxjs';

export interface Envelope<T> {
  data: T;
  meta: { path: string; took: number };
}

@Injectable()
export class EnvelopeInterceptor<T> implements NestInterceptor<T, Envelope<T>> {
  intercept(context: ExecutionContext, next: CallHandler<T>): Observable<Envelope<T>> {
    const started = Date.now();
    const request = context.switchToHttp().getRequest<Request>();
    return next.handle().pipe(map((data) => ({ data, meta: { path: request.path, took: Date.now() - started } })));
  }
}
