using FluentValidation;

namespace Marketplace.Web.Api;

public static class Validation
{
    /// <summary>
    /// Validates the endpoint's <typeparamref name="T"/> argument with its FluentValidation validator before the
    /// handler runs; a failure is a 400 ValidationProblem keyed by the JSON (camelCase) property names.
    /// </summary>
    public static RouteHandlerBuilder WithValidation<T>(this RouteHandlerBuilder builder) where T : class =>
        builder
            .AddEndpointFilter(async (context, next) =>
            {
                var argument = context.Arguments.OfType<T>().FirstOrDefault();
                if (argument is null)
                {
                    // Binding refuses a missing body before filters run; this is a body of JSON null. The error
                    // middleware gives the bodiless 400 its ProblemDetails.
                    return TypedResults.BadRequest();
                }

                var validator = context.HttpContext.RequestServices.GetRequiredService<IValidator<T>>();

                var result = await validator.ValidateAsync(argument, context.HttpContext.RequestAborted);
                if (result.IsValid)
                {
                    return await next(context);
                }

                var errors = result.Errors
                    .GroupBy(e => JsonName(e.PropertyName))
                    .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
                return TypedResults.ValidationProblem(errors);
            })
            .ProducesValidationProblem();

    /// <summary>"Skus[0].PriceFen" → "skus[0].priceFen": each segment as JSON names it.</summary>
    private static string JsonName(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
