/** A form's last failure, announced as it appears; nothing while there is none. */
export function FormError({
  error,
  id,
  className,
}: {
  error: string | null;
  id?: string;
  className?: string;
}) {
  if (!error) return null;
  return (
    <p id={id} className={className ? `field-error ${className}` : 'field-error'} role="alert">
      {error}
    </p>
  );
}
