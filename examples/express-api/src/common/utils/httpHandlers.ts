import type { Response } from 'express';
import type { ServiceResponse } from '../models/serviceResponse';

export const handleServiceResponse = (serviceResponse: ServiceResponse<unknown>, response: Response) => {
  return response.status(serviceResponse.statusCode).json(serviceResponse);
};
