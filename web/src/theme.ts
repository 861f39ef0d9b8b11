import { createTheme } from '@mantine/core';

// Mantine's default font stack is the system's own fonts: nothing is fetched from a CDN.
// Darker primary shade so white-on-primary text passes WCAG AA contrast (axe "color-contrast").
export const theme = createTheme({ primaryColor: 'indigo', primaryShade: 8, defaultRadius: 'sm' });
