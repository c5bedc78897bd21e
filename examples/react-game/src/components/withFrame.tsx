import type { ComponentType } from 'react';

// A higher-order component, as UI kits write them.
export function withFrame<P extends object>(Component: ComponentType<P>) {
  const Framed = (props: P) => (
    <div className="frame" data-framed="yes">
      <Component {...props} />
    </div>
  );
  Framed.displayName = `withFrame(${Component.displayName ?? Component.name})`;
  return Framed;
}
