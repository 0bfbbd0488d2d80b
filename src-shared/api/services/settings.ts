import { z } from 'zod';
import { Settings } from '../../domain/settings.js';
import { procedure } from '../define.js';
import { NoInput } from './app.js';

export const settingsService = {
  get: procedure(NoInput, Settings, 'The current settings.'),
  update: procedure(
    z.strictObject(Settings.partial().shape),
    Settings,
    'Changes some settings; returns all.',
  ),
} as const;
