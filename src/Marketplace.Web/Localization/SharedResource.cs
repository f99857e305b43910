namespace Marketplace.Web.Localization;

/// <summary>
/// Names the one resource set of the site's texts: SharedResource.zh-CN.resx (the default) and
/// SharedResource.en.resx beside this file. Pages, page models and validation attributes all read it.
/// </summary>
public sealed class SharedResource;
