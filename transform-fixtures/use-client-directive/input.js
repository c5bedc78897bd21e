'use client';

export function increment(count) {
  return count + 1;
}
