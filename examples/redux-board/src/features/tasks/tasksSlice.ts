import { createAsyncThunk, createSlice, nanoid, type PayloadAction } from '@reduxjs/toolkit';
import { fetchSampleTasks } from '../../services/tasksApi';

export interface Task {
  id: string;
  title: string;
  done: boolean;
  createdAt: number;
}

interface TasksState {
  items: Task[];
  status: 'idle' | 'loading' | 'failed';
}

const initialState: TasksState = {
  items: [],
  status: 'idle',
};

export const loadSampleTasks = createAsyncThunk('tasks/loadSamples', async (count: number) => {
  const tasks = await fetchSampleTasks(count);
  return tasks;
});

export const tasksSlice = createSlice({
  name: 'tasks',
  initialState,
  reducers: {
    taskAdded: {
      reducer(state, action: PayloadAction<Task>) {
        state.items.push(action.payload);
      },
      prepare(title: string) {
        return { payload: { id: nanoid(), title: title.trim(), done: false, createdAt: Date.now() } };
      },
    },
    taskToggled(state, action: PayloadAction<string>) {
      const task = state.items.find((item) => item.id === action.payload);
      if (task) task.done = !task.done;
    },
    doneCleared: (state) => {
      state.items = state.items.filter((task) => !task.done);
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(loadSampleTasks.pending, (state) => {
        state.status = 'loading';
      })
      .addCase(loadSampleTasks.fulfilled, (state, action) => {
        state.status = 'idle';
        state.items.push(...action.payload);
      })
      .addCase(loadSampleTasks.rejected, (state) => {
        state.status = 'failed';
      });
  },
});

export const { taskAdded, taskToggled, doneCleared } = tasksSlice.actions;

export default tasksSlice.reducer;
