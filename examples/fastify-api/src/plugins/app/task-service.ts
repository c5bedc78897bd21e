import fp from 'fastify-plugin';
import { TaskService } from '../../services/task-service.js';

declare module 'fastify' {
  interface FastifyInstance {
    taskService: TaskService;
  }
}

export default fp(
  async function (fastify) {
    fastify.decorate('taskService', new TaskService(fastify.tasksRepository));
  },
  { name: 'task-service', dependencies: ['tasks-repository'] },
);
