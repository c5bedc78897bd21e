import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TagParamsSchema } from '../../../schemas/tasks.js';
import { TagsController } from './tags.controller.js';

const tags: FastifyPluginAsyncTypebox = async (fastify) => {
  const controller = new TagsController(fastify.taskService);
  fastify.get('/', controller.list);
  fastify.get('/:tag', { schema: { params: TagParamsSchema } }, controller.tasksFor);
};

export default tags;
