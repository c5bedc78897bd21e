_mp_scope((_mp_code)=>eval(_mp_code));
import { z } from 'zod';
export const settings = {
    port: Number(process.env.PORT ?? 3000),
    retries: 3
};
export const ProductSchema = z.object({
    name: z.string().min(2, 'Name must be at least 2 characters')
});
function _mp_scope(evaluate) {
    var registry = globalThis[globalThis.Symbol.for("mighty-patcher.registry")];
    if (registry && registry.scope) registry.scope("input.js", evaluate);
}
