import { ActivityLog } from '../services/ActivityLog';

// One log for the page, written by the activity middleware and read by ActivityFeed.
export const activity = new ActivityLog(5);
