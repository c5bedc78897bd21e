// A controller class with its handlers as arrow-function fields, so they can be passed as they are.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TaskService } from '../../../services/task-service.js';

export class TagsController {
  constructor(private readonly taskService: TaskService) {}

  list = async (_request: FastifyRequest, _reply: FastifyReply) => {
    const tags = await this.taskService.tagCounts();
    return { tags, count: tags.length };
  };

  tasksFor = async (request: FastifyRequest<{ Params: { tag: string } }>) => {
    const { tasks } = await this.taskService.list({ tag: request.params.tag, limit: 100 });
    return { tag: request.params.tag, titles: tasks.map((task) => task.title) };
  };
}
