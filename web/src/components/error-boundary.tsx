import { Alert, Button } from '@mantine/core';
import { Component, type ReactNode } from 'react';

/** A page that throws while drawing shows a sentence and a retry, never a blank screen or a stack trace. */
export class PageErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  componentDidUpdate(prev: { resetKey: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.failed) this.setState({ failed: false });
  }
  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Alert color="red" title="This page could not be shown">
        Something on this page failed to draw. <Button variant="subtle" onClick={() => this.setState({ failed: false })}>Try again</Button>
      </Alert>
    );
  }
}
