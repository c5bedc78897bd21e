// /api/tasks: route objects with their schemas; handlers call the service.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireApiKey } from '../../../hooks/require-api-key.js';
import { IdParamsSchema } from '../../../schemas/common.js';
import { CreateTaskSchema, QueryTasksSchema } from '../../../schemas/tasks.js';

const tasks: FastifyPluginAsyncTypebox = async (fastify) => {
  const { taskService } = fastify;

  fastify.route({
    method: 'GET',
    url: '/',
    schema: { querystring: QueryTasksSchema, tags: ['Tasks'] },
    handler: async (request) => taskService.list(request.query),
  });

  fastify.route({
    method: 'GET',
    url: '/:id',
    schema: { params: IdParamsSchema, tags: ['Tasks'] },
    handler: async (request) => taskService.get(request.params.id),
  });

  fastify.route({
    method: 'POST',
    url: '/',
    schema: { body: CreateTaskSchema, tags: ['Tasks'] },
    preHandler: requireApiKey('tasks:write'),
    handler: async (request, reply) => {
      const task = await taskService.create(request.body);
      reply.code(201);
      return task;
    },
  });

  fastify.route({
    method: 'POST',
    url: '/:id/complete',
    schema: { params: IdParamsSchema, tags: ['Tasks'] },
    preHandler: requireApiKey('tasks:write'),
    handler: async (request) => {
      const task = await taskService.complete(request.params.id);
      return { task, message: `Completed "${task.title}"` };
    },
  });
};

export default tasks;
